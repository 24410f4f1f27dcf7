import json

from bench import scale_out


def test_the_proxy_runs_the_deployed_caddyfile_with_this_machines_addresses():
    deployed = (scale_out.ROOT / "config/Caddyfile").read_text()
    configuration = scale_out.proxy_configuration()

    assert "http://127.0.0.1:8110 {" in configuration
    assert "to 127.0.0.1:8111 127.0.0.1:8112" in configuration
    assert "dynamic" not in configuration
    balancing = [
        line.strip()
        for line in deployed.splitlines()
        if line.strip().startswith(("lb_", "fail_duration", "health_"))
    ]
    assert balancing, "config/Caddyfile balances its web replicas"
    for option in balancing:
        assert f"\t\t{option}\n" in configuration


def test_failed_round_trips_count_what_the_proxy_tried_again(tmp_path, monkeypatch):
    monkeypatch.setattr(scale_out, "WORK", tmp_path)
    entries = [
        {"msg": "upstream roundtrip", "upstream": "127.0.0.1:8111"},
        {
            "msg": "upstream roundtrip",
            "upstream": "127.0.0.1:8111",
            "error": "read tcp 127.0.0.1:41172->127.0.0.1:8111: read: connection reset by peer",
        },
        {"msg": "upstream roundtrip", "upstream": "127.0.0.1:8111", "error": "EOF"},
        # wrk closing its connections when it stops: not a failure of the instance.
        {"msg": "upstream roundtrip", "upstream": "127.0.0.1:8111", "error": "context canceled"},
        {"msg": "upstream roundtrip", "upstream": "127.0.0.1:8112", "error": "EOF"},
        {"msg": "HTTP request failed", "upstream": "127.0.0.1:8111", "error": "EOF"},
    ]
    (tmp_path / "caddy.log").write_text("".join(json.dumps(entry) + "\n" for entry in entries))

    assert scale_out.failed_round_trips("127.0.0.1:8111") == {
        "read: connection reset by peer": 1,
        "EOF": 1,
    }
