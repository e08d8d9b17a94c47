"""``{{ url|row:pk }}``: the link of one row from a ``kkr.rowurls.RowUrl`` reversed once per page (a builtin)."""

from django import template

register = template.Library()


@register.filter("row")
def row(url, pk):
    return url.of(pk)
