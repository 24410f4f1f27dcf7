"""How gunicorn serves the app (config/gunicorn.py)."""

import gc

from config import gunicorn


def test_a_worker_keeps_what_the_app_made_to_start_out_of_the_collectors_passes():
    gc.unfreeze()
    try:
        gunicorn.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
