package dev.pmad.spark;

import com.codahale.metrics.MetricRegistry;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

/**
 * Spark's metrics servlet without its HTTP handler, configured in place of Spark's own.
 *
 * <p>Why: a SparkContext builds the metrics servlet's handler even with the UI off, and that
 * handler needs the Servlet 5 API ({@code jakarta.servlet.SingleThreadModel}), which the Servlet
 * 6 API of the dashboard's Jetty 12 removed. Both live on one class path in the command line, so
 * Spark must not touch servlets: with the UI off nothing would serve the handler anyway.
 */
public final class HeadlessMetricsServlet extends MetricsServlet {
    public HeadlessMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}
