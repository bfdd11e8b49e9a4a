package dev.connectai.qdrantapi;

/** A stored point with the score one stage of a query gave it; payload and vectors are attached only at the end. */
final class Scored {

    final StoredPoint point;
    final float score;

    Scored(StoredPoint point, float score) {
        this.point = point;
        this.score = score;
    }

    Scored withScore(float newScore) {
        return new Scored(point, newScore);
    }
}
