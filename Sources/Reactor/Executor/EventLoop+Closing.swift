internal import CLibev

extension EventLoop {
    /// Runs on the loop thread when the mailbox was posted to: its jobs join the run queue (the
    /// batch after this iteration's I/O callbacks runs them), its closures run now, then a
    /// requested stop or close takes effect.
    func deliverMail() {
        let delivery = mailbox.collect(into: &executor.local.pointee.queue)
        executor.local.pointee.ensureRun()
        wokenUp = true
        for closure in delivery.closures { closure() }
        if delivery.closeRequested { closeRequested = true }
        if delivery.stop || delivery.closeRequested { stop() }
    }

    /// Ends the loop's life as a place to send work; `deinit` calls it, and an ``EventLoopThread``
    /// on its own thread before it ends. Idempotent.
    ///
    /// Nothing sent before is lost: the mailbox stops taking work (``EventLoopHandle/execute(_:)``
    /// throws ``EventLoopError/loopClosed`` from now on), what it held runs here, tasks awaiting I/O on
    /// the loop resume with ``EventLoopError/loopClosed``, and the run queue is drained. Jobs that
    /// arrive later go to the executor's fallback thread. The libev loop itself stays valid until
    /// `deinit`, so loop-confined objects that still refer to it remain safe to use.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        executor.claim()
        mainQueue.stop(loop: raw)
        for closure in mailbox.close(movingJobsInto: &executor.local.pointee.queue) { closure() }
        executor.readiness.close(with: .loopClosed)
        let handlers = closeHandlers
        closeHandlers = [:]
        for handler in handlers.values { handler() }
        executor.close()
    }
}
