"""Fixtures of the network tests (townships, villages, 代办点). Each module
builds its data once in a rolled-back transaction (`county_data`,
`villages_data`); the importer fixtures are in tests/conftest.py."""
