package io.binlogstream.converters.avro;

import org.apache.avro.io.Encoder;

import java.io.IOException;

/** Writes one Connect value in Avro binary. Built once per schema by {@link ConnectAvroWriter}. */
@FunctionalInterface
public interface ValueWriter {
    void write(Object value, Encoder out) throws IOException;
}
