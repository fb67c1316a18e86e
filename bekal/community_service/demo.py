def load(**kwargs: object) -> None:
    return None
