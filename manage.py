#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr.settings")
    # manage.py in a checkout is the developer's tool: dev mode unless told otherwise. Production runs
    # gunicorn and celery (which never default to it), and its image sets KKR_DEV=0 for manage.py too.
    os.environ.setdefault("KKR_DEV", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
