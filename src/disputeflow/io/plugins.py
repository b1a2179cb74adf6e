"""
Third-party policies, discovered through the entry-point group ``disputeflow.policies``.

A policy package declares, in its own ``pyproject.toml``::

    [project.entry-points."disputeflow.policies"]
    "taobei.grid-first" = "taobei_policies:GridFirst"

The entry point's name is the policy's registered name, the one a configuration file uses; its
object is a factory (a class or function) that takes the configured parameters as keyword
arguments and returns a policy. Entry points are the only way in: a configuration names a
policy by its registered name and never by a module path, so data never chooses what is
imported (only installed distributions do). Each plugin is checked when it is discovered, as
pluggy checks a hook implementation when it is registered: it must import, be callable, and,
when it can be called without arguments, return something implementing
:class:`~disputeflow.policies.protocols.Policy`; whatever it returns later with configured
parameters is checked again. A bad plugin is a :class:`PluginError` naming the entry point.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from typing import Any

import attrs

from disputeflow.errors import DefinitionError, DisputeflowError
from disputeflow.policies.protocols import Policy

__all__ = ["GROUP", "PluginError", "PolicyFactory", "check_policy", "discover_policies"]

#: The entry-point group third-party policies register under.
GROUP = "disputeflow.policies"

#: Makes a policy from keyword parameters (``factory(**params) -> Policy``).
PolicyFactory = Callable[..., Policy]


class PluginError(DefinitionError):
    """
    A policy plugin cannot be used: it does not import, is not callable, does not return a
    policy, or its name is already taken.

    Attributes:
        entry_point: the entry point (``name = module:attr``, and its distribution).
        group: the entry-point group.
        problem: what is wrong.
        taken: names already registered (for a name clash).
    """

    def __init__(
        self, entry_point: str, group: str, problem: str, taken: Iterable[str] = ()
    ) -> None:
        self.entry_point = entry_point
        self.group = group
        self.problem = problem
        self.taken = tuple(taken)
        tail = f"; registered names: {', '.join(self.taken)}" if self.taken else ""
        super().__init__(
            f"policy plugin {entry_point} (group {group!r}): {problem}{tail}",
            f"政策插件 {entry_point}（入口组 {group!r}）：{problem}{tail}",
        )


def check_policy(obj: object) -> str | None:
    """
    What is wrong with ``obj`` as a policy, or ``None`` when it implements the
    :class:`~disputeflow.policies.protocols.Policy` protocol (string ``id``, ``version`` and
    ``point``, a callable ``decide``).
    """
    if not isinstance(obj, Policy):
        missing = [a for a in ("id", "version", "point", "decide") if not hasattr(obj, a)]
        return f"{type(obj).__name__} lacks {', '.join(missing)} of the Policy protocol"
    for name in ("id", "version", "point"):
        value = getattr(obj, name)
        if not isinstance(value, str) or not value:
            return f"its {name} is {value!r}, not a non-empty string"
    if not callable(obj.decide):
        return "its decide is not callable"
    return None


def _label(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    source = f" from {dist.name} {dist.version}" if dist is not None else ""
    return f"{ep.name!r} = {ep.value!r}{source}"


@attrs.frozen(slots=True)
class _CheckedFactory:
    """
    A plugin's factory that checks what it returns (for parameters given later by a config).
    """

    name: str
    label: str
    group: str
    factory: Callable[..., object]

    def __call__(self, **params: Any) -> Policy:
        try:
            made = self.factory(**params)
        except DisputeflowError:
            raise  # already typed (e.g. InvalidValueError naming the parameter)
        except Exception as exc:  # plugin code may fail in any way: name it, keep the cause
            raise PluginError(
                self.label,
                self.group,
                f"rejected parameters {params}: {type(exc).__name__}: {exc}",
            ) from exc
        problem = check_policy(made)
        if problem is not None:
            raise PluginError(self.label, self.group, f"did not return a policy: {problem}")
        assert isinstance(made, Policy)
        return made


def _callable_without_arguments(factory: Callable[..., object]) -> bool:
    try:
        signature = inspect.signature(factory)
    except (TypeError, ValueError):  # some builtins have no signature: do not guess
        return False
    return all(
        p.default is not inspect.Parameter.empty
        or p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for p in signature.parameters.values()
    )


def _load(ep: metadata.EntryPoint, group: str) -> _CheckedFactory:
    label = _label(ep)
    try:
        loaded = ep.load()
    except Exception as exc:  # a plugin may fail in any way; name it, keep the cause
        raise PluginError(
            label, group, f"could not be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    if not callable(loaded):
        raise PluginError(
            label, group, f"is a {type(loaded).__name__}, not a factory (class or function)"
        )
    checked = _CheckedFactory(ep.name, label, group, loaded)
    if _callable_without_arguments(loaded):
        checked()  # a factory that needs no parameters is checked now, not when first used
    return checked


def _builtin_policies() -> Mapping[str, PolicyFactory]:
    from disputeflow.policies.builtin import BUILTIN_POLICIES

    return BUILTIN_POLICIES


def discover_policies(
    group: str = GROUP, *, builtins: Mapping[str, PolicyFactory] | None = None
) -> Mapping[str, PolicyFactory]:
    """
    The registry of policy factories: the built-in ones and every installed plugin.

    Args:
        group: the entry-point group to read.
        builtins: the built-in registry to merge with (default:
            :data:`disputeflow.policies.builtin.BUILTIN_POLICIES`).

    Returns:
        Factories by registered name, built-ins first, then plugins sorted by name.

    Raises:
        PluginError: a plugin does not load, is not callable, does not return a policy, or
            takes a name that is already registered (a built-in's or another plugin's).
    """
    registry: dict[str, PolicyFactory] = dict(_builtin_policies() if builtins is None else builtins)
    taken: dict[str, str] = dict.fromkeys(registry, "built-in")
    for ep in sorted(metadata.entry_points(group=group), key=lambda e: (e.name, e.value)):
        label = _label(ep)
        if ep.name in taken:
            raise PluginError(
                label,
                group,
                f"the name {ep.name!r} is already registered by {taken[ep.name]}",
                sorted(taken),
            )
        registry[ep.name] = _load(ep, group)
        taken[ep.name] = f"plugin {label}"
    return registry
