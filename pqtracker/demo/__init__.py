"""The demo: ``seed_demo`` loads each app's demo data. The top layer, so it may call them all."""
