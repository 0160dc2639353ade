// Timed variant of face_reference.js for `stf2m bench perception`: same job file, same settings
// (TinyFaceDetector 416/0.5 + tiny 68 landmarks + expressions, wasm backend by default), but each
// picture is run once as a warm-up and then `repeat` times, timing detectAllFaces(...) with
// process.hrtime. Prints {"backend": "...", "images": [{"ms": median, "runs": [...], "faces": N}]}.
//
// Usage: node face_reference_timed.js JOB.json   (NODE_PATH must reach resources/npm/node_modules)
// JOB.json: {"modelDir": "...", "backend": "wasm", "repeat": R,
//            "images": [{"path": "x.rgb", "width": W, "height": H}, ...]}
'use strict';
const fs = require('fs');

const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const repeat = Math.max(1, job.repeat || 3);
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
    const tensor = tf.tensor3d(Int32Array.from(bytes), [img.height, img.width, 3], 'int32');
    let faces = 0;
    const runs = [];
    for (let r = 0; r <= repeat; ++r) {  // r == 0: warm-up, not counted
      const t0 = process.hrtime.bigint();
      const results = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks(true).withFaceExpressions();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      faces = results.length;
      if (r > 0) runs.push(ms);
    }
    tensor.dispose();
    images.push({ ms: median(runs), runs, faces });
  }
  process.stdout.write(JSON.stringify({ backend: tf.getBackend(), images }));
}

main().catch((e) => { console.error(e); process.exit(1); });
