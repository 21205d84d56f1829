import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { generateDemoNewsroom } from './generate.ts';
import { DEMO_IMAGE_SIZE, demoImageSvg, renderDemoImage } from './images.ts';

describe('renderDemoImage', () => {
  it('renders a PNG of the requested size, the same for the same key', async () => {
    const png = await renderDemoImage('politics-1', DEMO_IMAGE_SIZE.width, DEMO_IMAGE_SIZE.height);
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, DEMO_IMAGE_SIZE.width);
    assert.equal(meta.height, DEMO_IMAGE_SIZE.height);
    const small = await renderDemoImage('weather-1', 320, 180);
    const smallMeta = await sharp(small).metadata();
    assert.deepEqual([smallMeta.width, smallMeta.height], [320, 180]);
    assert.ok(small.equals(await renderDemoImage('weather-1', 320, 180)));
    assert.ok(!small.equals(await renderDemoImage('sport-1', 320, 180)));
  });

  it('makes every illustration of the demo visibly different from the others', async () => {
    const { imageKeys } = generateDemoNewsroom({
      now: Date.UTC(2025, 9, 15),
      siteName: 'Shpalta',
      stories: 0,
    });
    assert.ok(imageKeys.length >= 60, `${imageKeys.length} keys`);
    // Thumbnails are enough to tell pictures apart, as a reader scanning a list would.
    const pixels = await Promise.all(
      imageKeys.map((k) =>
        sharp(Buffer.from(demoImageSvg(k, 64, 36)))
          .removeAlpha()
          .raw()
          .toBuffer(),
      ),
    );
    const meanColour = (px: Buffer) => {
      const m = [0, 0, 0];
      for (let i = 0; i < px.length; i++) m[i % 3]! += px[i]!;
      return m.map((x) => (x * 3) / px.length);
    };
    const means = pixels.map(meanColour);
    for (let i = 0; i < imageKeys.length; i++) {
      for (let j = i + 1; j < imageKeys.length; j++) {
        let diff = 0;
        for (let k = 0; k < pixels[i]!.length; k++) diff += Math.abs(pixels[i]![k]! - pixels[j]![k]!);
        diff /= pixels[i]!.length;
        // Mean absolute difference per channel, 0–255: different shapes and layouts.
        assert.ok(diff >= 12, `${imageKeys[i]} and ${imageKeys[j]} differ by ${diff.toFixed(1)} per channel`);
        // Distance of the average colours: not the same palette with shapes moved about.
        const colour = Math.hypot(...means[i]!.map((x, c) => x - means[j]![c]!));
        assert.ok(colour >= 6, `${imageKeys[i]} and ${imageKeys[j]} share a colour (${colour.toFixed(1)})`);
      }
    }
  });
});
