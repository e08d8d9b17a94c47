"""Merging the apps' panels into one page's context (``portal.views``, ``portal.dashboard``)."""


def with_panels(context: dict, *panels: dict) -> dict:
    """The page's context plus each panel's values (the page template includes the panel templates); a name
    two of them use would silently show one app's value in the other's panel, so it is refused."""
    merged = dict(context)
    for panel in panels:
        clash = merged.keys() & panel.keys()
        if clash:
            raise ValueError(f"Panel context names used twice: {sorted(clash)}")
        merged.update(panel)
    return merged
