package dev.pmad.dashboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** Serves the page and the chart library. */
public final class PageAssets {
    static final String UI_FOLDER = "/pmad-dashboard-ui";
    private static final String CHART_JS_POM = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private PageAssets() {}

    public static void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = UI_FOLDER;
            files.location = Location.CLASSPATH;
            // The page is small and changes with each release; always revalidate.
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        byte[] chartJs = chartJs();
        config.routes.get("/assets/chart.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .header("Cache-Control", "public, max-age=86400").result(chartJs));
    }

    /**
     * Chart.js's UMD bundle from the WebJar, found through the WebJar's own version so the page
     * needs no version in its URL and survives an upgrade of the dependency.
     */
    static byte[] chartJs() {
        var properties = new Properties();
        try (InputStream pom = PageAssets.class.getResourceAsStream(CHART_JS_POM)) {
            if (pom == null) throw new IllegalStateException(missing());
            properties.load(pom);
            String path = "/META-INF/resources/webjars/chart.js/" + properties.getProperty("version") + "/dist/chart.umd.min.js";
            try (InputStream js = PageAssets.class.getResourceAsStream(path)) {
                if (js == null) throw new IllegalStateException(missing() + " (" + path + " not found)");
                return js.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Chart.js from its WebJar", e);
        }
    }

    private static String missing() {
        return "Chart.js is missing from the classpath: the dashboard needs org.webjars.npm:chart.js";
    }
}
