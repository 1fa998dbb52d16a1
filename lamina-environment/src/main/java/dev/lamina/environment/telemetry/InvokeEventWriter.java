package dev.lamina.environment.telemetry;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Span;
import dev.lamina.environment.telemetry.PlatformEvent.Tracing;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the three events of every warm invoke — {@code platform.start}, {@code platform.runtimeDone},
 * {@code platform.report} of the Telemetry API (contract §3.3) — straight to bytes, in the member order and with the
 * number and string forms of {@link EventRenderer}'s Jackson trees (D65): these run on the event loop for every
 * invoke with a subscriber, where a tree, a generator and a time string per envelope were the telemetry's largest
 * cost. Returns null where its output could differ from the tree's (a string with a surrogate, a non-finite
 * number); the caller then renders the tree. Not thread-safe: one instance per rendering.
 */
final class InvokeEventWriter {
    /** Room for a {@code runtimeDone} with its three spans and a trace header without growing. */
    private byte[] buf = new byte[768];
    private int n;
    /** The output would not match the tree's: render the tree instead. */
    private boolean unsure;

    private InvokeEventWriter() {}

    /** {@code platform.start}, or null: render the tree. */
    static byte[] start(PlatformEvent.Start e) {
        InvokeEventWriter w = new InvokeEventWriter().open(e.time(), "platform.start");
        w.member("requestId").string(e.requestId());
        if (e.version() != null) {
            w.comma().member("version").string(e.version());
        }
        w.tracing(e.tracing());
        return w.close();
    }

    /** {@code platform.runtimeDone}, or null: render the tree. */
    static byte[] runtimeDone(PlatformEvent.RuntimeDone e) {
        InvokeEventWriter w = new InvokeEventWriter().open(e.time(), "platform.runtimeDone");
        w.member("requestId").string(e.requestId()).comma().member("status").string(e.status().wire());
        w.errorType(e.errorType());
        if (e.durationMs() != null) {
            w.comma().member("metrics").raw('{').member("durationMs").ms(e.durationMs());
            if (e.producedBytes() != null) {
                w.comma().member("producedBytes").number(e.producedBytes());
            }
            w.raw('}');
        }
        w.spans(e.spans());
        w.tracing(e.tracing());
        return w.close();
    }

    /** {@code platform.report}, or null: render the tree. */
    static byte[] report(PlatformEvent.Report e) {
        InvokeEventWriter w = new InvokeEventWriter().open(e.time(), "platform.report");
        w.member("requestId").string(e.requestId()).comma().member("status").string(e.status().wire());
        w.errorType(e.errorType());
        ReportMetrics m = e.metrics();
        w.comma().member("metrics").raw('{')
                .member("durationMs").ms(m.durationMs()).comma()
                .member("billedDurationMs").number(m.billedDurationMs()).comma()
                .member("memorySizeMB").number(m.memorySizeMB()).comma()
                .member("maxMemoryUsedMB").number(m.maxMemoryUsedMB());
        if (m.initDurationMs() != null) {
            w.comma().member("initDurationMs").ms(m.initDurationMs());
        }
        if (m.restoreDurationMs() != null) {
            w.comma().member("restoreDurationMs").ms(m.restoreDurationMs());
        }
        w.raw('}');
        w.spans(e.spans());
        w.tracing(e.tracing());
        return w.close();
    }

    /** {@code {"time":"…","type":"…","record":{} — the record's first member follows. */
    private InvokeEventWriter open(Instant time, String type) {
        raw("{\"time\":");
        time(time);
        raw(",\"type\":");
        string(type);
        return raw(",\"record\":{");
    }

    private byte[] close() {
        raw("}}");
        return unsure ? null : Arrays.copyOf(buf, n);
    }

    private void errorType(String errorType) {
        if (errorType != null) {
            comma().member("errorType").string(errorType);
        }
    }

    private void spans(List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        comma().member("spans").raw('[');
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            if (i > 0) {
                comma();
            }
            raw('{').member("name").string(s.name()).comma().member("start");
            time(s.start());
            comma().member("durationMs").ms(s.durationMs()).raw('}');
        }
        raw(']');
    }

    private void tracing(Tracing t) {
        if (t == null) {
            return;
        }
        comma().member("tracing").raw('{');
        if (t.spanId() != null) {
            member("spanId").string(t.spanId()).comma();
        }
        member("type").string(Tracing.TYPE).comma().member("value").string(t.value()).raw('}');
    }

    /** {@code "name":} — names are this class's own ASCII literals, which need no escaping check. */
    private InvokeEventWriter member(String name) {
        ensure(name.length() + 3);
        buf[n++] = '"';
        for (int i = 0; i < name.length(); i++) {
            buf[n++] = (byte) name.charAt(i);
        }
        buf[n++] = '"';
        buf[n++] = ':';
        return this;
    }

    private InvokeEventWriter comma() {
        return raw(',');
    }

    /** A JSON string as Jackson writes it: ASCII copied unless it needs escaping, the rest through its encoder. */
    private InvokeEventWriter string(String s) {
        int len = s.length();
        boolean plain = EventRenderer.plainAscii(s);
        for (int i = 0; !plain && !unsure && i < len; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                unsure = true; // the generator escapes each half; the encoder joins them
            }
        }
        ensure(len + 2);
        buf[n++] = '"';
        if (plain) {
            for (int i = 0; i < len; i++) {
                buf[n++] = (byte) s.charAt(i);
            }
        } else if (!unsure) { // (the encoder rejects a lone surrogate; the output is discarded anyway)
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(s);
            ensure(quoted.length + 1);
            System.arraycopy(quoted, 0, buf, n, quoted.length);
            n += quoted.length;
        }
        buf[n++] = '"';
        return this;
    }

    /** {@code "yyyy-MM-ddTHH:mm:ss.SSSZ"}, as {@link EventRenderer#time}, without a string per time. */
    private void time(Instant t) {
        byte[] prefix = EventRenderer.secondPrefix(t.getEpochSecond());
        int millis = t.getNano() / 1_000_000;
        ensure(prefix.length + 7);
        buf[n++] = '"';
        System.arraycopy(prefix, 0, buf, n, prefix.length);
        n += prefix.length;
        buf[n++] = (byte) ('0' + millis / 100);
        buf[n++] = (byte) ('0' + millis / 10 % 10);
        buf[n++] = (byte) ('0' + millis % 10);
        buf[n++] = 'Z';
        buf[n++] = '"';
    }

    /** {@link EventRenderer#ms}, written as Jackson writes a double ({@link Double#toString}). */
    private InvokeEventWriter ms(double ms) {
        if (!Double.isFinite(ms)) {
            unsure = true; // Jackson quotes NaN and the infinities
            return this;
        }
        return raw(Double.toString(EventRenderer.ms(ms)));
    }

    private InvokeEventWriter number(long v) {
        return raw(Long.toString(v));
    }

    private InvokeEventWriter raw(char c) {
        ensure(1);
        buf[n++] = (byte) c;
        return this;
    }

    /** ASCII text as it is. */
    private InvokeEventWriter raw(String ascii) {
        int len = ascii.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }
}
