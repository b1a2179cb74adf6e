"""
Random streams addressed by name, dispute and visit, all derived from one seed.

Every random quantity of a simulation is drawn from a counter-based generator (numpy's
``Philox``) whose key is (seed, stream) and whose counter names the dispute and the visit:
the draws for dispute 17's second trial come from the same place whatever happens to any other
dispute. So when a policy reroutes one dispute no other dispute's draws shift, and two
scenarios that differ only in policy see the same arrivals, durations and outcomes for every
dispute that reaches the same stage (common random numbers). No ``SeedSequence`` is made per
dispute: positioning a Philox generator is a state assignment of a few microseconds.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from disputeflow.errors import InvalidValueError

__all__ = ["MAX_SEED", "Streams", "stream_key"]

#: Seeds are non-negative integers below 2**63.
MAX_SEED = 2**63 - 1
_MASK = 2**64 - 1


def stream_key(name: str) -> int:
    """
    The 64-bit key word of a stream: a stable hash of its name (blake2b), so adding a stream
    never moves another.

    Args:
        name: the stream's name (``"trial.summary/duration"``).

    Returns:
        An integer in ``[0, 2**64)``.
    """
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _check_seed(seed: object) -> int:
    if (
        isinstance(seed, bool)
        or not isinstance(seed, int | np.integer)
        or not 0 <= seed <= MAX_SEED
    ):
        raise InvalidValueError("seed", f"an integer from 0 to {MAX_SEED}", seed)
    return int(seed)


def _check_address(field: str, value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not 0 <= value <= _MASK
    ):
        raise InvalidValueError(field, "an integer from 0 to 2**64 - 1", value)
    return int(value)


class Streams:
    """
    The random streams of one simulation run, derived from ``seed``.

    Args:
        seed: a non-negative integer below 2**63.

    Raises:
        InvalidValueError: the seed is not such an integer.

    ``generator(stream, dispute, visit)`` positions a generator at the address; the object
    returned is reused for the next call on the same stream, so draw from it before asking
    for another address on that stream (``fresh=True`` gives an independent object).
    """

    __slots__ = ("_cache", "_seed_word", "seed")

    def __init__(self, seed: int) -> None:
        self.seed = _check_seed(seed)
        # The seed is spread over a whole key word so that nearby seeds share no key bits.
        self._seed_word = stream_key(f"disputeflow-seed:{self.seed}")
        self._cache: dict[str, tuple[np.random.Philox, np.random.Generator, Any]] = {}

    def __repr__(self) -> str:
        return f"Streams(seed={self.seed})"

    def key(self, stream: str) -> np.ndarray:
        """
        The Philox key (two 64-bit words) of ``stream`` under this seed.
        """
        return np.array([self._seed_word, stream_key(stream)], dtype=np.uint64)

    def _state(self, key: np.ndarray, dispute: int, visit: int) -> Any:
        # The low counter words advance as numbers are drawn; the high words are the address.
        counter = np.array([0, 0, visit, dispute], dtype=np.uint64)
        return {
            "bit_generator": "Philox",
            "state": {"counter": counter, "key": key},
            "buffer": np.zeros(4, dtype=np.uint64),
            "buffer_pos": 4,
            "has_uint32": 0,
            "uinteger": 0,
        }

    def generator(
        self, stream: str, dispute: int = 0, visit: int = 0, *, fresh: bool = False
    ) -> np.random.Generator:
        """
        A generator positioned at (``stream``, ``dispute``, ``visit``).

        Args:
            stream: the stream's name (a stage and what is drawn: ``"mediation/outcome"``).
            dispute: the dispute's address (an integer, stable across scenarios).
            visit: which visit of the dispute to the stage (0 for the first).
            fresh: return a new generator object instead of the stream's reused one.

        Returns:
            A numpy Generator; the same address always gives the same numbers.

        Raises:
            InvalidValueError: an address word is not an integer in ``[0, 2**64)``.
        """
        dispute = _check_address("dispute", dispute)
        visit = _check_address("visit", visit)
        if fresh:
            bit = np.random.Philox(counter=[0, 0, visit, dispute], key=self.key(stream))
            return np.random.Generator(bit)
        cached = self._cache.get(stream)
        if cached is None:
            bit = np.random.Philox(key=self.key(stream))
            cached = (bit, np.random.Generator(bit), self._state(self.key(stream), 0, 0))
            self._cache[stream] = cached
        bit, gen, state = cached
        # One state per stream, re-addressed in place (the setter copies it): building the
        # dict and its arrays anew on every call cost more than the assignment itself.
        counter = state["state"]["counter"]
        counter[0] = counter[1] = 0
        counter[2] = visit
        counter[3] = dispute
        bit.state = state
        return gen

    def uniform(self, stream: str, dispute: int = 0, visit: int = 0) -> float:
        """
        One uniform number in ``[0, 1)`` at the address.
        """
        return float(self.generator(stream, dispute, visit).random())
