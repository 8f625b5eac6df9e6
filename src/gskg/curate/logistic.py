"""The one form of gskg curate's fitted models: a logistic regression over named features
(weights fitted by bench/logit.py) and the probability a candidate must reach."""

from __future__ import annotations

import math


class Logistic:
    """Logistic regression weights and the probability a candidate must reach."""

    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights, self.threshold = weights, threshold

    def probability(self, feats: dict[str, float]) -> float:
        """The model's probability that a candidate with these features is right."""
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, feats: dict[str, float]) -> bool:
        return self.probability(feats) >= self.threshold
