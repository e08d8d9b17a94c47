"""The groups of ``kkr.settings`` that each fill a screen: storage, the worker, security. ``kkr.settings`` is
still the one settings module (``DJANGO_SETTINGS_MODULE=kkr.settings``); it imports these in order."""
