"""A learned ACLED typer beside the rules.

    base        the `AcledTyper` seam and `StaticAcledTyper`, the shipped fake
    features    what the typer reads of an event: its text and the rules' facts
    vectorize   TF-IDF word, character and fact features (our own, stored as arrays)
    linear      the multinomial linear model and its `.npz` file
    learned     `LearnedAcledTyper`: overrides the rules where the model is clearly surer
    build       training on our own notes (resources/typer/), at setup, into the data dir
    settings    resources/typer/typer.yaml

Nothing here imports scikit-learn except `build`, which trains; predicting needs NumPy
and SciPy only.
"""

from sitreport.typer.base import NO_EVENT, AcledTyper, StaticAcledTyper

__all__ = ["NO_EVENT", "AcledTyper", "StaticAcledTyper"]
