package dev.connectai.synthetic;

import org.apache.kafka.connect.data.Schema;

/** Generates values of one Connect schema. Built once from the user's schema; called once per field per record. */
abstract class ValueGenerator {

    final Schema schema;

    ValueGenerator(Schema schema) {
        this.schema = schema;
    }

    abstract Object next(GenerationContext ctx);

    /** A value that still fits the Connect schema but breaks the source schema's bounds, for anomaly injection. */
    Object outlier(GenerationContext ctx) {
        return next(ctx);
    }
}
