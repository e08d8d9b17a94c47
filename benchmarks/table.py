"""The rows of the benchmarks' Markdown table (figure, value, baseline, ratio, goal)."""


def row(figure: str, value: str, baseline: str, ratio: str, goal: str) -> None:
    print(f"| {figure} | {value} | {baseline} | {ratio} | {goal} |")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
