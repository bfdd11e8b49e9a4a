package dev.connectai.synthetic;

import java.util.Locale;
import java.util.Random;

import net.datafaker.Faker;

/**
 * Realistic e-mail addresses, fast: names and domains are drawn once from Datafaker's lists, then combined per
 * record, since Datafaker's own emailAddress() costs more than the rest of a typical record.
 */
final class Emails {

    private static final String[] FIRST = new String[256];
    private static final String[] LAST = new String[256];
    // Domains of IANA-reserved example names under real TLDs: strict validators check the TLD, and .example is none.
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example.com", "test.example.org"};

    static {
        Faker faker = new Faker(new Random(7));
        for (int i = 0; i < FIRST.length; i++) {
            FIRST[i] = clean(faker.name().firstName());
            LAST[i] = clean(faker.name().lastName());
        }
    }

    private Emails() {
    }

    private static String clean(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return t.isEmpty() ? "user" : t;
    }

    static String next(GenerationContext c) {
        Random r = c.random;
        String sep = switch (r.nextInt(3)) {
            case 0 -> ".";
            case 1 -> "_";
            default -> "";
        };
        return FIRST[r.nextInt(FIRST.length)] + sep + LAST[r.nextInt(LAST.length)]
                + (r.nextBoolean() ? Integer.toString(r.nextInt(100)) : "") + "@" + DOMAINS[r.nextInt(DOMAINS.length)];
    }
}
