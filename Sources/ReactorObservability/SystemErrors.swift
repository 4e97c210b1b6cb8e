import Logging
import Reactor

extension EventLoop {
    /// Sends libev's reports of failed system calls (`SystemErrorReport`) to `logger`, for every
    /// loop of the process: `.error`, or `.critical` for a report after which the process aborts,
    /// with the metadata `call` and `errno`.
    ///
    /// libev: `ev_set_syserr_cb`.
    public static func reportSystemErrors(to logger: Logger) {
        reportSystemErrors { report in
            logger.log(
                level: report.isFatal ? .critical : .error, "\(report.description)",
                metadata: ["call": "\(report.message)", "errno": "\(report.errno)"])
        }
    }
}
