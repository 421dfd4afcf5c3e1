"""Entry point of the `analyze` command (filled in below)."""


def main(argv=None) -> int:  # pragma: no cover - replaced by the real CLI
    return 0
