"""One seeded, serialisable random generator, carried inside the game state.

SplitMix64: tiny, fast in pure Python, and its whole state is one integer, so a save or a
transcript can hold it and a replay reproduces every draw. Every draw returns the value and a
new generator; nothing is mutated.
"""

from __future__ import annotations

from attrs import frozen

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@frozen
class Rng:
    state: int

    @classmethod
    def seeded(cls, seed: int) -> Rng:
        return cls(_mix(seed & _MASK))

    def next_u64(self) -> tuple[int, Rng]:
        state = (self.state + _GOLDEN) & _MASK
        return _mix(state), Rng(state)

    def random(self) -> tuple[float, Rng]:
        """A float in [0, 1)."""
        value, rng = self.next_u64()
        return (value >> 11) * (1.0 / (1 << 53)), rng

    def uniform(self, low: float, high: float) -> tuple[float, Rng]:
        value, rng = self.random()
        return low + (high - low) * value, rng

    def below(self, n: int) -> tuple[int, Rng]:
        """An int in [0, n)."""
        if n <= 0:
            raise ValueError("below() needs a positive bound")
        value, rng = self.random()
        return min(int(value * n), n - 1), rng

    def fork(self, salt: str) -> Rng:
        """A generator derived from this one without advancing it.

        The AI draws from a fork so that thinking about a move never shifts the main stream
        (the same state always gives the same AI move, however often it is asked).
        """
        h = 1469598103934665603
        for byte in salt.encode():
            h = ((h ^ byte) * 1099511628211) & _MASK
        return Rng(_mix(self.state ^ h))
