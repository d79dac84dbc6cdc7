package com.governedactions.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver. Both paths are given
 * explicitly, so Selenium Manager never runs and nothing is downloaded; a fresh profile each time.
 * dev/test installs both packages. Public for the console's browser test in e2e.
 */
public final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final Path profile;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  public static HeadlessChromium start() {
    for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver "
            + "(dev/test does it)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("governed-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chromium profile directory", e);
    }
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new HeadlessChromium(profile, new ChromeDriver(service, options));
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Saves what the browser shows now as a PNG at {@code target}. */
  public Path screenshot(Path target) {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(target.getParent());
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the screenshot to " + target, e);
    }
    return target;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary profile is harmless; the test's outcome does not depend on it
      }
    }
  }
}
