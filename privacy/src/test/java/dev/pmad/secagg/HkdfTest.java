package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void rfc5869_appendixA1_basicSha256() {
        byte[] ikm = HEX.parseHex("0b".repeat(22));
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = Hkdf.extract(salt, ikm);
        assertArrayEquals(HEX.parseHex(
                "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        assertArrayEquals(HEX.parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56"
                + "ecc4c5bf34007208d5b887185865"), Hkdf.expand(prk, info, 42));
    }

    @Test
    void rfc5869_appendixA2_longerInputsAndOutput() {
        byte[] prk = Hkdf.extract(range(0x60, 0xb0), range(0x00, 0x50));
        assertArrayEquals(HEX.parseHex(
                "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244"), prk);
        assertArrayEquals(HEX.parseHex("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c"
                + "19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c5"
                + "8179ec3e87c14c01d5c1f3434f1d87"), Hkdf.expand(prk, range(0xb0, 0x100), 82));
    }

    @Test
    void rfc5869_appendixA3_emptySaltAndInfo() {
        byte[] ikm = HEX.parseHex("0b".repeat(22));
        byte[] prk = Hkdf.extract(new byte[0], ikm);
        assertArrayEquals(HEX.parseHex(
                "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"), prk);
        assertArrayEquals(HEX.parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f"
                + "3c738d2d9d201395faa4b61a96c8"), Hkdf.expand(prk, new byte[0], 42));
    }

    /**
     * Independent value from Python's hmac/hashlib: the RFC 5869 steps written out, salt
     * b"pmad-secagg-v1", IKM b"independent value", info b"context", L = 100 (four blocks).
     */
    @Test
    void derive_matchesPythonHmac_overSeveralBlocks() {
        byte[] okm = Hkdf.derive("pmad-secagg-v1".getBytes(StandardCharsets.UTF_8),
                "independent value".getBytes(StandardCharsets.UTF_8),
                "context".getBytes(StandardCharsets.UTF_8), 100);
        assertArrayEquals(HEX.parseHex("7215f834ad65f045cb80c7ab9a0beec7ec61141ce5f971c406dc301b"
                + "df149389352eae9654b67fce55c1a8dcb7dcbbb3fa5d9301c1ebabae26e01d4e1816b373cae2f9"
                + "df33860cb46864e4933a30cd4d37bdb62016270c6da07e4f9261b6deed20a6917f"), okm);
    }

    @Test
    void expand_refusesMoreThan255Blocks() {
        assertThrows(IllegalArgumentException.class,
                () -> Hkdf.expand(new byte[32], new byte[0], 255 * 32 + 1));
    }
}
