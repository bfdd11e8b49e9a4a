package dev.connectai.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Two hundred texts that differ in every way a tokenizer and a model care about: one word to 3,000 words, CJK,
 * emoji, code, mixed scripts, repeated punctuation and whitespace. Built from {@link SampleTexts} and fixed
 * fragments, so the list is the same in every run.
 */
public final class VariedTexts {

    private static final String[] CJK = {
        "今天的快递晚到了三天，包装也破了。",
        "この商品はとても使いやすく、また買いたいと思います。",
        "배송이 빨랐고 포장도 아주 꼼꼼했어요.",
        "系统在凌晨两点出现故障，工程师正在排查日志。",
        "東京の天気は明日から崩れるそうです。",
        "请在下周一之前提交季度报告，谢谢。",
        "데이터베이스 연결이 자꾸 끊어집니다.",
        "返品の手続きについて教えてください。",
    };
    private static final String[] EMOJI = {
        "Loved it 😍😍😍 would buy again 👍",
        "🚀 Deploy done ✅ — 0 errors, 2 warnings ⚠️",
        "The box arrived 📦💥 crushed… not happy 😡",
        "🍕🍕🍕",
        "Family trip 👨‍👩‍👧‍👦 to the 🏖️ was great ☀️🌊",
        "Rate: ⭐⭐⭐⭐☆ (4/5) 🙂",
    };
    private static final String[] CODE = {
        "public static void main(String[] args) { System.out.println(\"hello\"); }",
        "SELECT id, name FROM customers WHERE created_at > now() - interval '7 days' ORDER BY id;",
        "def f(x):\n    return [i * i for i in range(x) if i % 2 == 0]\n",
        "{\"op\":\"u\",\"before\":{\"price\":9.99},\"after\":{\"price\":10.49}}",
        "curl -sS -X POST http://localhost:8083/connectors -H 'Content-Type: application/json' -d @sink.json",
        "ERROR 2026-11-30T12:00:00Z [worker-1] org.apache.kafka.connect.errors.DataException: NPE at line 42",
        "<div class=\"card\"><h2>Title</h2><p>Body &amp; more</p></div>",
        "fn main() { let v: Vec<u32> = (0..10).map(|x| x << 2).collect(); }",
    };

    private static final List<String> TEXTS = build();

    private VariedTexts() {
    }

    public static List<String> all() {
        return TEXTS;
    }

    private static List<String> build() {
        List<String> samples = SampleTexts.all();
        List<String> out = new ArrayList<>();
        out.addAll(samples);
        // Single words and short phrases, taken from the samples.
        for (int i = 0; out.size() < samples.size() + 40; i++) {
            String[] words = samples.get(i % samples.size()).split("\\s+");
            int n = 1 + i % 4;
            out.add(String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.min(n, words.length))));
        }
        for (int i = 0; i < 24; i++) {
            out.add(CJK[i % CJK.length] + (i >= CJK.length ? " " + CJK[(i * 3 + 1) % CJK.length] : "")
                    + (i >= 2 * CJK.length ? " " + samples.get(i) : ""));
        }
        for (int i = 0; i < 18; i++) {
            out.add(EMOJI[i % EMOJI.length] + (i >= EMOJI.length ? " " + samples.get(i * 2) : ""));
        }
        for (int i = 0; i < 24; i++) {
            out.add(CODE[i % CODE.length] + (i >= CODE.length ? "\n" + CODE[(i + 3) % CODE.length] : ""));
        }
        out.add("!!!???...   \t\t  ---");
        out.add("a");
        out.add("The   spaces\n\n\nand\ttabs   stay   as   they   are");
        out.add("Ünïcödé àccents, ß, ﬁ ligature, Ω, Ελληνικά, Русский текст, עברית, العربية");
        // Long texts: 300, 1,000 and 3,000 words, made of the samples in a rotating order.
        int[] lengths = {300, 1000, 3000};
        for (int i = 0; out.size() < 200; i++) {
            out.add(words(samples, i * 7, lengths[i % lengths.length]));
        }
        return List.copyOf(out);
    }

    private static String words(List<String> samples, int from, int count) {
        StringBuilder text = new StringBuilder();
        int n = 0;
        for (int s = from; n < count; s++) {
            for (String w : samples.get(s % samples.size()).split("\\s+")) {
                if (n++ == count) {
                    break;
                }
                text.append(n == 1 ? "" : " ").append(w);
            }
        }
        return text.toString();
    }
}
