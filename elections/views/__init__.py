"""The elections pages: `composition` (results, calculation, lots, confirmation, KL's numbers) and
`constituent` (the constituent meeting, B1 1.3-1.4)."""
