"""The national-scale benchmark: a bulk seeder (`manage.py seed_scale`) and the page timings (`manage.py bench`)."""
