// A training progress bar (epoch and loss) for `npm run ex`; plain lines when not on a terminal.
import cliProgress from 'cli-progress';

/** Small losses in scientific notation, so 1.3e-6 does not print as 0.000000. */
export function formatLoss(loss: number): string {
  return loss !== 0 && Math.abs(loss) < 1e-3 ? loss.toExponential(3) : loss.toFixed(6);
}

export interface TrainingProgress {
  update(epoch: number, loss: number): void;
  stop(): void;
}

export function trainingProgress(totalEpochs: number, label = 'training'): TrainingProgress {
  if (!process.stdout.isTTY) {
    const every = Math.max(1, Math.round(totalEpochs / 10));
    return {
      update(epoch, loss) {
        if (epoch % every === 0 || epoch === totalEpochs) console.log(`${label}: epoch ${epoch}/${totalEpochs}  loss ${formatLoss(loss)}`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] epoch {value}/{total}  loss {loss}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalEpochs, 0, { loss: '—' });
  return {
    update(epoch, loss) {
      bar.update(epoch, { loss: formatLoss(loss) });
    },
    stop() {
      bar.stop();
    },
  };
}
