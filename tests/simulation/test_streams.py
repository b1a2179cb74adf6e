"""
Random streams addressed by (stream, dispute, visit).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.errors import InvalidValueError
from disputeflow.simulation.streams import Streams, stream_key

addresses = st.tuples(
    st.sampled_from(["a/outcome", "b/duration", "trial"]), st.integers(0, 2**40), st.integers(0, 5)
)


class TestStreams:
    @given(st.lists(addresses, min_size=1, max_size=12), st.integers(0, 2**31))
    def test_a_draw_depends_only_on_its_address(self, order: list, seed: int) -> None:
        """
        The numbers at an address are the same whatever was drawn before, in whatever order
        (so rerouting one dispute shifts no other dispute's draws).
        """
        s = Streams(seed)
        first = {a: s.generator(*a).random(3).tolist() for a in order}
        again = Streams(seed)
        for a in reversed(order):
            assert again.generator(*a).random(3).tolist() == first[a]

    @given(addresses, st.integers(0, 2**31))
    def test_fresh_generator_equals_reused_one(self, address: tuple, seed: int) -> None:
        """
        ``fresh=True`` gives an independent object with the same numbers.
        """
        s = Streams(seed)
        assert s.generator(*address, fresh=True).random(4).tolist() == (
            s.generator(*address).random(4).tolist()
        )

    @given(st.integers(0, 2**31), st.integers(0, 10**6))
    def test_neighbouring_addresses_and_seeds_differ(self, seed: int, dispute: int) -> None:
        """
        Another dispute, visit, stream or seed gives other numbers.
        """
        s = Streams(seed)
        u = s.uniform("x", dispute)
        assert u != s.uniform("x", dispute + 1)
        assert u != s.uniform("x", dispute, 1)
        assert u != s.uniform("y", dispute)
        assert u != Streams(seed + 1).uniform("x", dispute)

    def test_uniforms_are_uniform(self) -> None:
        """
        Draws across disputes look uniform (mean and spread of 20,000 first draws).
        """
        s = Streams(7)
        u = np.array([s.uniform("u", i) for i in range(20000)])
        assert abs(u.mean() - 0.5) < 0.01
        assert abs(u.std() - (1 / 12) ** 0.5) < 0.01

    def test_stream_key_is_stable(self) -> None:
        """
        Stream keys are a fixed hash of the name (runs are reproducible across processes).
        """
        assert stream_key("arrivals") == stream_key("arrivals")
        assert stream_key("arrivals") != stream_key("arrival")
        assert 0 <= stream_key("x") < 2**64

    @pytest.mark.parametrize("seed", [-1, 2**63, 1.5, True, "3"])
    def test_bad_seed(self, seed: object) -> None:
        """
        A seed must be an integer from 0 to 2**63 - 1; the error names the field.
        """
        with pytest.raises(InvalidValueError, match="seed"):
            Streams(seed)  # type: ignore[arg-type]

    def test_bad_address(self) -> None:
        """
        Address words must be non-negative integers.
        """
        with pytest.raises(InvalidValueError, match="dispute"):
            Streams(1).generator("x", -1)
