.PHONY: setup test eval-shared bench bench-quick fuzz

setup:
	bash scripts/setup.sh

test:
	bash scripts/test.sh

eval-shared:
	bash scripts/eval_shared.sh

bench:
	.venv/bin/python benchmarks/bench_startup.py
	.venv/bin/python benchmarks/bench_pipeline.py
	.venv/bin/python benchmarks/bench_gazetteer.py
	.venv/bin/python benchmarks/bench_corpus.py
	.venv/bin/python benchmarks/load_api.py
	.venv/bin/python benchmarks/bench_long_docs.py

bench-quick:
	.venv/bin/python benchmarks/bench_pipeline.py --repeat 1
	.venv/bin/python benchmarks/bench_corpus.py --quick

fuzz:
	PYTHONPATH=src .venv/bin/python tests/fuzz/run_many.py --inputs 10000
