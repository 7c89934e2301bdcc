package io.binlogstream.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** The text forms MariaDB prints (the live test checks them against the server; these pin the rules). */
class NetworkTextTest {
    private static String inet6(String address) throws Exception {
        return NetworkText.inet6(InetAddress.getByName(address).getAddress().length == 16
                ? InetAddress.getByName(address).getAddress() : null);
    }

    @Test
    void ipv6CompressesTheFirstLongestZeroRunAndDotsEmbeddedIpv4() throws Exception {
        assertThat(inet6("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(inet6("1:0:2:3:4:5:6:7")).isEqualTo("1::2:3:4:5:6:7");
        assertThat(inet6("1:0:0:2:0:0:0:3")).isEqualTo("1:0:0:2::3");
        assertThat(inet6("1:0:0:2:3:0:0:4")).isEqualTo("1::2:3:0:0:4");
        assertThat(inet6("0:0:0:0:0:0:c000:201")).isEqualTo("::192.0.2.1");
        assertThat(inet6("0:0:0:0:0:0:0:102")).isEqualTo("::102");
        assertThat(inet6("0:0:0:0:0:0:0:1")).isEqualTo("::1");
    }

    @Test
    void uuidIsInTextOrder() {
        byte[] bytes = java.util.HexFormat.of().parseHex("123e4567e89b12d3a456426655440000");
        assertThat(NetworkText.uuid(bytes)).isEqualTo("123e4567-e89b-12d3-a456-426655440000");
        assertThat(NetworkText.inet4(new byte[] {(byte) 192, (byte) 168, 0, 1})).isEqualTo("192.168.0.1");
    }
}
