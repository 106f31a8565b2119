/**
 * The page itself: static HTML, CSS and JavaScript from the classpath (folder
 * {@code pmad-dashboard-ui}, not a Java package, so no class file is ever served) and Chart.js
 * from its WebJar, so the page works on a machine with no internet.
 */
package dev.pmad.dashboard.web;
