"""The portal's pages, one module per page or pair of pages: ``councils`` (home, a council's public page, the
secretariat's dashboard, the member portal), ``people`` (the person page), ``steps`` (an agenda item's step),
``finding`` (search and the archive). Each app's panel is a function returning plain values
(``meetings.panels``, ``elections.panels``); the portal templates include the app's panel template with them."""
