package dev.connectai.synthetic;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Realistic values for string fields inferred from common field names, when nothing else says what to generate. */
final class FakerNames {

    private static final Map<String, Function<GenerationContext, String>> BY_NAME = Map.ofEntries(
            Map.entry("email", Emails::next),
            Map.entry("name", c -> c.faker.name().fullName()),
            Map.entry("fullname", c -> c.faker.name().fullName()),
            Map.entry("firstname", c -> c.faker.name().firstName()),
            Map.entry("lastname", c -> c.faker.name().lastName()),
            Map.entry("username", c -> c.faker.internet().username()),
            Map.entry("city", c -> c.faker.address().city()),
            Map.entry("country", c -> c.faker.address().country()),
            Map.entry("street", c -> c.faker.address().streetAddress()),
            Map.entry("address", c -> c.faker.address().fullAddress()),
            Map.entry("zip", c -> c.faker.address().zipCode()),
            Map.entry("zipcode", c -> c.faker.address().zipCode()),
            Map.entry("postcode", c -> c.faker.address().zipCode()),
            Map.entry("phone", c -> c.faker.phoneNumber().cellPhone()),
            Map.entry("company", c -> c.faker.company().name()),
            Map.entry("url", c -> c.faker.internet().url()),
            Map.entry("website", c -> c.faker.internet().url()),
            Map.entry("title", c -> c.faker.book().title()),
            Map.entry("product", c -> c.faker.commerce().productName()),
            Map.entry("productname", c -> c.faker.commerce().productName()),
            Map.entry("color", c -> c.faker.color().name()),
            Map.entry("description", c -> c.faker.lorem().sentence(12)),
            Map.entry("comment", c -> c.faker.lorem().sentence(10)),
            Map.entry("review", c -> c.faker.lorem().paragraph(3)),
            Map.entry("text", c -> c.faker.lorem().paragraph(2)));

    private FakerNames() {
    }

    /** The generator for a field name (case, '_' and '-' ignored), or null when the name says nothing. */
    static Function<GenerationContext, String> forName(String fieldName) {
        String key = fieldName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return BY_NAME.get(key);
    }
}
