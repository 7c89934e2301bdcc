package io.binlogstream.converters.avro;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Connect to Avro and back without a registry, through the schema's JSON text as a registry would keep it. */
final class AvroRoundTrip {

    final Schema connect;
    final org.apache.avro.Schema avro;
    /** The Avro schema parsed back from its JSON text: what a reader gets from the registry. */
    final org.apache.avro.Schema parsed;
    final Schema connectBack;

    AvroRoundTrip(Schema connect) {
        this.connect = connect;
        this.avro = ConnectToAvroSchema.convert(connect);
        this.parsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
        this.connectBack = AvroToConnectSchema.convert(parsed);
    }

    byte[] write(Object value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            ValueWriter writer = ConnectAvroWriter.compile(connect, avro);
            writer.write(value, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            // The converter's own encoder writes into an array, after a header: the same bytes as Avro's encoder
            ArrayEncoder array = new ArrayEncoder(8);
            array.reset(5);
            writer.write(value, array);
            assertThat(Arrays.copyOfRange(array.array(), 5, array.position())).as("ArrayEncoder writes Avro's bytes").isEqualTo(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decoded with plain Avro (GenericDatumReader, the parsed writer schema), then made Connect again. */
    Object read(byte[] bytes) {
        Object datum = readGeneric(bytes);
        return AvroToConnectValue.convert(connectBack, datum);
    }

    Object readGeneric(byte[] bytes) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            Object datum = new GenericDatumReader<>(parsed).read(null, decoder);
            assertThat(decoder.isEnd()).as("all bytes consumed").isTrue();
            return datum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes value, reads it back, checks schema and value equality, and that Avro's own writer agrees. */
    Object assertLossless(Object value) {
        assertThat(connectBack).isEqualTo(connect);
        byte[] bytes = write(value);
        Object back = read(bytes);
        assertThat(back).isEqualTo(value);
        // the compiled writer must produce what Avro's GenericDatumWriter produces for the same datum
        assertThat(Arrays.equals(genericWrite(readGeneric(bytes)), bytes)).as("same bytes as GenericDatumWriter").isTrue();
        return back;
    }

    private byte[] genericWrite(Object datum) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<>(parsed).write(datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
