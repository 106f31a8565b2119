/**
 * The page itself: static HTML, CSS and JavaScript from the classpath (folder
 * {@code pmad-dashboard-ui}, not a Java package, so no class file is ever served) and Chart.js
 * from its WebJar, so the page works on a machine with no internet. Every response carries the
 * security headers of {@link dev.pmad.dashboard.web.SecurityHeaders} (a Content-Security-Policy
 * without inline script, W3C CSP Level 3; X-Frame-Options, RFC 7034).
 */
package dev.pmad.dashboard.web;
