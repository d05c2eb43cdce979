/** Next's start-up hook: the in-process worker runs in the Node.js server runtime only. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startInProcessWorker } = await import("./server/worker/start-in-process");
    startInProcessWorker();
  }
}
