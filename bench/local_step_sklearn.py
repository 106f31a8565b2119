"""scikit-learn's side of bench/local-step.sh: the same local step on the same rows.

Reads the rows LocalStepBench exported (DIR/meta.txt, DIR/agent-i.x as little-endian float64,
DIR/agent-i.y as int32) and runs the same federation as LocalStepBench: R rounds in which every
agent, one after the other, takes one local step from the global model with SGDClassifier
(log loss, no penalty, constant learning rate, one epoch of batch-1 steps in shuffled order, as
the Python original's agents did with partial_fit), and the global model becomes the row-weighted
mean. A round's time is the sum of the agents' partial_fit calls, in wall time and in this
thread's CPU time. Prints one JSON object like LocalStepBench's.

Usage: python3 local_step_sklearn.py DIR ROUNDS EPOCHS LEARNING_RATE SEED
"""
import json
import statistics
import sys
import time

try:
    import numpy as np
    from sklearn.linear_model import SGDClassifier
    from sklearn.metrics import log_loss
except ImportError as e:
    sys.exit(f"local_step_sklearn.py: {e}; install scikit-learn, e.g. apt-get install -y python3-sklearn"
             " (Debian/Ubuntu) or pip install scikit-learn")


def main():
    directory, rounds, epochs, rate, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    meta = [line.split() for line in open(f"{directory}/meta.txt")]
    agents = int(meta[0][1])
    features = int(meta[1][1])
    xs, ys = [], []
    for a in range(agents):
        xs.append(np.fromfile(f"{directory}/agent-{a + 1}.x", dtype="<f8").reshape(-1, features))
        ys.append(np.fromfile(f"{directory}/agent-{a + 1}.y", dtype="<i4"))
    rows = sum(len(y) for y in ys)
    classes = np.unique(np.concatenate(ys))
    models = [SGDClassifier(loss="log_loss", penalty=None, learning_rate="constant", eta0=rate, shuffle=True,
                            random_state=seed + a) for a in range(agents)]
    coef, intercept = None, None
    round_ms, round_cpu_ms = [], []
    for _ in range(rounds):
        next_coef, next_intercept, seconds, cpu_seconds = 0, 0, 0.0, 0.0
        for a in range(agents):
            model = models[a]
            if coef is not None:
                # Warm start from the global model, as an agent's round does.
                model.coef_ = coef.copy()
                model.intercept_ = intercept.copy()
            cpu_began, began = time.thread_time(), time.perf_counter()
            for _ in range(epochs):
                model.partial_fit(xs[a], ys[a], classes=classes)
            seconds += time.perf_counter() - began
            cpu_seconds += time.thread_time() - cpu_began
            weight = len(ys[a]) / rows
            next_coef = next_coef + weight * model.coef_
            next_intercept = next_intercept + weight * model.intercept_
        coef, intercept = next_coef, next_intercept
        round_ms.append(seconds * 1000)
        round_cpu_ms.append(cpu_seconds * 1000)
    models[0].coef_, models[0].intercept_ = coef, intercept
    x, y = np.vstack(xs), np.concatenate(ys)
    loss = log_loss(y, models[0].predict_proba(x), labels=classes)
    print(json.dumps({"engine": "scikit-learn", "rows": rows, "features": features, "classes": len(classes),
                      "agents": agents, "epochs": epochs, "learningRate": rate, "batchSize": 1,
                      "roundMs": [round(m, 3) for m in round_ms],
                      "medianRoundMs": round(statistics.median(round_ms[1:]), 3),
                      "roundCpuMs": [round(m, 3) for m in round_cpu_ms],
                      "medianRoundCpuMs": round(statistics.median(round_cpu_ms[1:]), 3), "meanTrainLoss": round(loss, 5)}))


if __name__ == "__main__":
    main()
