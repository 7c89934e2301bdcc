package io.binlogstream.connect.mapping;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A JSON double as MySQL prints it ({@code SELECT json_column}), so a streamed JSON value reads the same as
 * the one a query or a snapshot returns. MySQL prints the shortest digits that read back as the same double
 * (its {@code my_gcvt} with a 34-character field), in plain notation while the decimal point sits within 15
 * places of the first digit, else as {@code 1.5e-20} (no '+', no zero-padded exponent), and appends ".0" to a
 * whole number so it still reads as a double. Java's {@code Double.toString} differs in all three points.
 */
final class MySqlDoubleText {
    /** The nearest decimal exponent, counted as MySQL does (0.d1d2... times 10^decpt), that still prints plain. */
    private static final int MIN_PLAIN_EXPONENT = -14;
    /** The furthest decimal exponent that still prints plain: MySQL's MAX_DECPT_FOR_F_FORMAT (DBL_DIG). */
    private static final int MAX_PLAIN_EXPONENT = 15;
    /** A double never needs more significant digits than this to read back exactly. */
    private static final int MAX_DIGITS = 17;

    private MySqlDoubleText() {
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // MySQL's binary JSON cannot hold these; a value claiming to is corrupt.
            throw new IllegalArgumentException("Binary JSON holds the non-finite double " + value);
        }
        boolean negative = (Double.doubleToRawLongBits(value) & Long.MIN_VALUE) != 0;
        StringBuilder out = new StringBuilder(24);
        if (negative) {
            out.append('-');
        }
        if (value == 0) {
            return out.append("0.0").toString();
        }
        BigDecimal shortest = shortestDigits(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale();
        if (decpt >= MIN_PLAIN_EXPONENT && (decpt <= MAX_PLAIN_EXPONENT || decpt < digits.length())) {
            plain(out, digits, decpt);
        } else {
            scientific(out, digits, decpt - 1);
        }
        return out.toString();
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code value}; among equally short
     * ones the closest. Both neighbours are tried at each length because next to a power of two the range of
     * decimals that read back is not centred on the value.
     */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= MAX_DIGITS; precision++) {
            BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean belowReads = below.doubleValue() == value;
            boolean aboveReads = above.doubleValue() == value;
            if (belowReads && aboveReads) {
                int closer = exact.subtract(below).compareTo(above.subtract(exact));
                if (closer != 0) {
                    return (closer < 0 ? below : above).stripTrailingZeros();
                }
                return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            }
            if (belowReads || aboveReads) {
                return (belowReads ? below : above).stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(MAX_DIGITS, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static void plain(StringBuilder out, String digits, int decpt) {
        if (decpt <= 0) {
            out.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt < digits.length()) {
            out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        } else {
            out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        }
    }

    private static void scientific(StringBuilder out, String digits, int exponent) {
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent);
    }
}
