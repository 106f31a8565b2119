package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Shares computed in Python: p = 2**521 - 1, s = int.from_bytes(bytes(range(1, 33)), "big"),
     * f(x) = s + a1 x + a2 x^2 mod p with a1 = 3**300 % p, a2 = 7**200 % p, y = f(x) as 66
     * big-endian bytes for x = 1..5.
     */
    private static final String[] PYTHON_SHARES = {
        "01f67131d59dd7ce4d475ac5637fe8d82d054a2b02443507d5c615e73d1daa38696d23364b66ad51efe31db2c"
            + "78f23948e48cf96211f5b5d676f670f12fafea4b755",
        "01d9c4c7567748c5951eda60d281088b580f118889aefb47e2a71deb4485f16d32a9069a6844de1d020037342"
            + "11352198eb69a3887d869becef8dd875dc7ea803315",
        "01a9fac0828c52e5d7867ed24d035f19811d5618964052c026a3180c1638d59e5bb3ab2e599e97673d5f558e1"
            + "798989d105970f9473f403a4db47c82fb82e0b0925f",
        "0167131d59dcf62f147e4819d306ec82a83017db27f83b70a1ba0449b23656cbe48d10f21f73d930a20078c0a"
            + "b1ef71f133153d85f53decfe3a24401ec2be135d533",
        "01110ddddc6932a14c063637648bb0c6cd4756d03ed6b55953ebe2a4187e74f5cd3537e5b9c4a3792fe3a0cbd"
            + "ba66d9f973e42d5d016457f90c234042fc2ec0ffb91"};

    private static byte[] secret() {
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) {
            s[i] = (byte) (i + 1);
        }
        return s;
    }

    @Test
    void combine_anyThreeOfPythonsShares_givesTheSecret() {
        int[][] subsets = {{1, 3, 5}, {2, 3, 4}, {5, 1, 2}, {1, 2, 3, 4, 5}};
        for (int[] xs : subsets) {
            byte[][] ys = new byte[xs.length][];
            for (int i = 0; i < xs.length; i++) {
                ys[i] = HEX.parseHex(PYTHON_SHARES[xs[i] - 1]);
            }
            assertArrayEquals(secret(), Shamir.combine(xs, ys));
        }
    }

    @Test
    void combine_twoOfPythonsShares_givesAnUnrelatedFieldElement() {
        BigInteger f0 = Shamir.combineToField(new int[] {1, 2},
                new byte[][] {HEX.parseHex(PYTHON_SHARES[0]), HEX.parseHex(PYTHON_SHARES[1])});
        // Python: the Lagrange interpolation at 0 of (1, y1), (2, y2).
        assertEquals(new BigInteger("131d9c54c466d7056fdb29f47ec92501fb82cd7ad96ec7c8e50de335b56303"
                + "a0313fd22e887c86ddc604316e0af50f8ddb04f3ba664cfbffe5f096c82e12c93b96", 16), f0);
        assertNotEquals(new BigInteger(1, secret()), f0);
    }

    @Test
    void split_thenCombine_anyTOfN_roundTripsAndTMinusOneDoesNot() {
        SecureRandom rng = new SecureRandom();
        int[] xs = {1, 4, 7, 9, 12, 20, 33};
        for (int t = 2; t <= xs.length; t++) {
            byte[] s = new byte[32];
            rng.nextBytes(s);
            s[0] = (byte) 0xff; // the largest secrets fit the field too
            byte[][] shares = Shamir.split(s, t, xs, rng);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                order.add(i);
            }
            Collections.shuffle(order);
            int[] sub = new int[t];
            byte[][] ys = new byte[t][];
            for (int i = 0; i < t; i++) {
                sub[i] = xs[order.get(i)];
                ys[i] = shares[order.get(i)];
            }
            assertArrayEquals(s, Shamir.combine(sub, ys), "t = " + t);
            BigInteger fewer = Shamir.combineToField(java.util.Arrays.copyOf(sub, t - 1),
                    java.util.Arrays.copyOf(ys, t - 1));
            assertFalse(fewer.equals(new BigInteger(1, s)), "t - 1 shares, t = " + t);
        }
    }
}
