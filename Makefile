# The README's commands. Each target calls scripts/dev.sh, which installs what is missing first.
.PHONY: run test ci db stop bench first-answers faults scale-out

run:  ## Install, start PostgreSQL, migrate, load the record and serve on http://127.0.0.1:8000/
	scripts/dev.sh run

test:  ## Same bootstrap, then lint and the whole test suite against PostgreSQL
	scripts/dev.sh test

ci: test

db:  ## Only start the database and print its DATABASE_URL
	scripts/dev.sh db

stop:  ## Stop the project-local PostgreSQL cluster
	scripts/dev.sh stop

bench:  ## Load benchmark against bare Django and Datasette on synthetic data (bench/README.md)
	scripts/dev.sh bench load

first-answers:  ## Every URL new, as deployed, against Datasette on the same queries (BENCH_TREATIES: size)
	scripts/dev.sh bench first_answers

faults:  ## Reliability runs: 64 connections for 60 s, and PostgreSQL restarted under load
	scripts/dev.sh bench faults

scale-out:  ## Two app servers behind Caddy sharing PostgreSQL and Redis: publication, throttle, one killed
	scripts/dev.sh bench scale_out
