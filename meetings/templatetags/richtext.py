from django import template

from .. import richtext

register = template.Library()


@register.filter
def rich(text):
    """``{{ item.case_presentation|rich }}``: sanitised rich text or escaped plain text (meetings.richtext)."""
    return richtext.render(text or "")
