// Reference for test_face_parity and `stf2m bench perception`: runs the pinned
// @vladmandic/face-api itself on raw RGB24 pictures the C++ side decoded, so both see exactly the
// same pixels. An optional "repeat": R in the job times a warm-up plus R runs per picture.
//
// Usage: node face_reference.js JOB.json   (NODE_PATH must reach resources/npm/node_modules)
// JOB.json: {"modelDir": "...", "backend": "wasm" | "cpu",
//            "images": [{"path": "x.rgb", "width": W, "height": H}, ...]}
// Each .rgb file holds W*H*3 bytes, rows packed without padding.
// Prints on stdout: {"backend": "...", "images": [{"faces": [{"box": [x, y, w, h], "score": s,
//   "landmarks": [x0, y0, x1, y1, ...], "expressions": [7 probabilities in face-api's order]}],
//   "ms": milliseconds (median with repeat), "runs": [...]}, ...]}
'use strict';
const fs = require('fs');

// The wasm build of face-api requires @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm; the
// plain tfjs CPU backend is the fallback when the job asks for it.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'];

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const { tf } = faceapi;
  await tf.setBackend(job.backend || 'wasm');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(job.modelDir);
  await faceapi.nets.faceLandmark68TinyNet.loadFromDisk(job.modelDir);
  await faceapi.nets.faceExpressionNet.loadFromDisk(job.modelDir);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 });

  const images = [];
  for (const img of job.images) {
    const bytes = fs.readFileSync(img.path);
    if (bytes.length !== img.width * img.height * 3) throw new Error(`${img.path}: expected ${img.width}x${img.height}x3 bytes`);
    // int32 like tf.node.decodeImage / tf.browser.fromPixels give.
    const tensor = tf.tensor3d(Int32Array.from(bytes), [img.height, img.width, 3], 'int32');
    // With job.repeat (stf2m bench perception): one untimed warm-up, then the median of
    // `repeat` runs; otherwise the single run's time.
    const repeat = Math.max(0, job.repeat || 0);
    const runs = [];
    let results;
    for (let r = 0; r <= repeat; ++r) {
      const t0 = process.hrtime.bigint();
      results = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks(true).withFaceExpressions();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (repeat === 0 || r > 0) runs.push(ms);
    }
    tensor.dispose();
    images.push({
      ms: median(runs),
      runs,
      faces: results.map((r) => ({
        box: [r.detection.box.x, r.detection.box.y, r.detection.box.width, r.detection.box.height],
        score: r.detection.score,
        landmarks: r.landmarks.positions.flatMap((p) => [p.x, p.y]),
        alignedBox: [r.alignedRect.box.x, r.alignedRect.box.y, r.alignedRect.box.width, r.alignedRect.box.height],
        expressions: EXPRESSIONS.map((e) => r.expressions[e]),
      })),
    });
  }
  process.stdout.write(JSON.stringify({ backend: tf.getBackend(), images }));
}

main().catch((e) => { console.error(e); process.exit(1); });
