"""Every URL pattern of the project, with its namespaced name and the URL kwargs it takes."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or "<unnamed> route" when the pattern has no name
    route: str
    params: tuple[str, ...]
    positional: int = 0  # unnamed regex groups (simple_history's admin views use them)


def _params(pattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


def walk(patterns=None, namespace: str = "", prefix: str = "", params: tuple = ()) -> list[Pattern]:
    found: list[Pattern] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        entry_params = params + tuple(_params(entry))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += walk(entry.url_patterns, inner, route, entry_params)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed> {route}"
            positional = entry.pattern.regex.groups - len(entry.pattern.regex.groupindex)
            found.append(Pattern(name=name, route=route, params=entry_params, positional=positional))
    return found


def sample_kwargs(pattern: Pattern) -> dict:
    """Plausible values for framework-generated patterns (the admin's) that have no row of their own."""
    values = {"app_label": "members", "url": "x/"}
    return {param: values.get(param, "1") for param in pattern.params}
