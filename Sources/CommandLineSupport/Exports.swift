// `raiseDescriptorLimit()` lives in ProcessLimits, which reactor-echo uses without swift-argument-parser
// (and so without Foundation); the executables that parse with the argument parser get it from here.
@_exported import ProcessLimits
