/// What one check found, before `not-` decides pass or fail.
///
/// A check either holds (the output has the property the assertion names) or not, with sentences
/// for each way it can be reported; or it cannot be decided at all (an invalid regular expression,
/// a value of the wrong type), which fails whether or not the assertion is negated.
enum AssertionCheck {
    /// The property holds; `fact` says so, such as `output contains "refund"`.
    case holds(fact: String)
    /// The property does not hold.
    ///
    /// `failure` is the message when the property was required (`expected output to contain
    /// "pro-rata"`); `absence` is the plain fact, the message when a `not-` assertion passes
    /// (`output does not contain "pro-rata"`); `diff` helps with the failure.
    case fails(failure: String, absence: String, diff: String?)
    /// The assertion cannot be evaluated; `message` says why.
    case invalid(message: String)

    /// The outcome of this check for `assertion`, inverted when it is negated.
    func outcome(for assertion: Assertion) -> AssertionOutcome {
        let name = assertion.name
        switch (self, assertion.negated) {
        case (.holds(let fact), false):
            return AssertionOutcome(name: name, pass: true, message: fact)
        case (.holds(let fact), true):
            return AssertionOutcome(name: name, pass: false, message: fact + " but must not")
        case (.fails(let failure, _, let diff), false):
            return AssertionOutcome(name: name, pass: false, message: failure, diff: diff)
        case (.fails(_, let absence, _), true):
            return AssertionOutcome(name: name, pass: true, message: absence)
        case (.invalid(let message), _):
            return AssertionOutcome(name: name, pass: false, message: message)
        }
    }
}
