package io.binlogstream.connect.record;

/** The envelope's {@code op} codes, as Debezium's consumers know them. */
public enum Op {
    CREATE("c"), UPDATE("u"), DELETE("d"), READ("r"), TRUNCATE("t");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
