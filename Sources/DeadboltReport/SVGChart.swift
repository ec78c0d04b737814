import Foundation

/// Charts as inline SVG drawn from numbers alone: no script, no font file, no network request. Each
/// scales to its container through its `viewBox`, and every mark carries a `<title>` a browser shows
/// on hover.
enum SVGChart {
    /// One circle of a scatter chart.
    struct Dot {
        var x: Double
        var y: Double
        /// The radius in chart units.
        var radius: Double
        var color: String
        var title: String
        /// Text drawn beside the dot, for the few a reader should find first.
        var label: String?
        /// Where a click on the dot goes, such as `#slice-3`.
        var link: String?
    }

    /// One line of a line chart.
    struct Line {
        var name: String
        var color: String
        var points: [(x: Double, y: Double, title: String)]
    }

    static let width = 760.0
    static let height = 340.0
    static let left = 64.0
    static let right = 24.0
    static let top = 16.0
    static let bottom = 48.0

    /// Colours a reader with red-green colour blindness still tells apart (Okabe and Ito).
    static let palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"]

    /// Dots over whole-number columns (0, 1, 2, … up to `xMax`): the dots of one column spread across
    /// it in their given order, so a crowd at one number stays readable.
    static func scatter(
        _ dots: [Dot], title: String, xLabel: String, yLabel: String, xMax: Int, yMax: Double, id: String
    ) -> String {
        let columns = Double(max(xMax, 0) + 1)
        let every = max(1, Int(ticks(upTo: Double(max(xMax, 1)), integers: true).dropFirst().first ?? 1))
        let xTicks = stride(from: 0, through: max(xMax, 0), by: every).map { (Double($0) + 0.5) / columns }
        let yTicks = ticks(upTo: yMax, integers: true)
        let yTop = yTicks.last ?? 1
        var out = open(title: title, id: id)
        out += axes(
            xTicks: xTicks.map { ($0, number(($0 * columns - 0.5).rounded())) },
            yTicks: yTicks.map { ($0 / yTop, number($0)) }, xLabel: xLabel, yLabel: yLabel)
        // Within a column, spread over 70% of its width in an order unrelated to height, so the spread
        // draws no trend of its own.
        var crowd: [Int: Int] = [:]
        for dot in dots { crowd[Int(dot.x), default: 0] += 1 }
        var seen: [Int: Int] = [:]
        var placed: [(cx: Double, cy: Double, dot: Dot)] = []
        for dot in dots {
            let column = Int(dot.x)
            let n = crowd[column] ?? 1
            let i = seen[column, default: 0]
            seen[column] = i + 1
            let spread = n == 1 ? 0 : (scatterOffset(i) - 0.5) * 0.7
            placed.append((plotX((dot.x + 0.5 + spread) / columns), plotY(dot.y / yTop), dot))
        }
        // Biggest first, so a small dot is never hidden under a big one.
        for (cx, cy, dot) in placed.sorted(by: { $0.dot.radius > $1.dot.radius }) {
            var mark =
                "<circle class=\"dot\" cx=\"\(number(cx))\" cy=\"\(number(cy))\" r=\"\(number(dot.radius))\" "
                + "fill=\"\(dot.color)\" fill-opacity=\"0.6\" stroke=\"\(dot.color)\">"
                + "<title>\(HTMLReport.escape(dot.title))</title></circle>"
            if let link = dot.link { mark = "<a href=\"\(HTMLReport.escape(link))\">" + mark + "</a>" }
            out += mark + "\n"
        }
        // Labels top to bottom, each at least a line below the last, with a leader when moved.
        var floor = top + 10
        for (cx, cy, dot) in placed.filter({ $0.dot.label != nil }).sorted(by: { $0.cy < $1.cy }) {
            let ly = min(max(cy + 4, floor), height - bottom - 4)
            floor = ly + 14
            // Right of the dot, or left of it in the right half, so none runs off the chart.
            let leftSide = cx > left + (width - left - right) / 2
            let lx = leftSide ? cx - dot.radius - 6 : cx + dot.radius + 6
            if abs(ly - 4 - cy) > 6 {
                out +=
                    "<line x1=\"\(number(cx))\" y1=\"\(number(cy))\" x2=\"\(number(lx))\" y2=\"\(number(ly - 4))\" "
                    + "stroke=\"#999\"/>"
            }
            out +=
                "<text class=\"label\" x=\"\(number(lx))\" y=\"\(number(ly))\" font-size=\"11\" "
                + "text-anchor=\"\(leftSide ? "end" : "start")\">\(HTMLReport.escape(clip(dot.label ?? "", 48)))"
                + "</text>\n"
        }
        return out + "</svg>\n"
    }

    static func lines(
        _ lines: [Line], title: String, xLabel: String, yLabel: String, xRange: (Double, Double),
        xTicks: [(Double, String)], yMax: Double, yText: (Double) -> String, id: String
    ) -> String {
        let yTicks = ticks(upTo: yMax, integers: false)
        let yTop = yTicks.last ?? 1
        let span = max(xRange.1 - xRange.0, 1)
        var out = open(title: title, id: id)
        out += axes(
            xTicks: xTicks.map { (($0.0 - xRange.0) / span, $0.1) }, yTicks: yTicks.map { ($0 / yTop, yText($0)) },
            xLabel: xLabel, yLabel: yLabel)
        for line in lines {
            let coordinates = line.points.map { (plotX(($0.x - xRange.0) / span), plotY($0.y / yTop), $0.title) }
            guard let first = coordinates.first else { continue }
            var path = "M\(number(first.0)) \(number(first.1))"
            for point in coordinates.dropFirst() { path += " L\(number(point.0)) \(number(point.1))" }
            out +=
                "<path class=\"series\" data-name=\"\(HTMLReport.escape(line.name))\" d=\"\(path)\" fill=\"none\" "
                + "stroke=\"\(line.color)\" stroke-width=\"2\"><title>\(HTMLReport.escape(line.name))</title></path>\n"
            for point in coordinates {
                out +=
                    "<circle cx=\"\(number(point.0))\" cy=\"\(number(point.1))\" r=\"2.5\" fill=\"\(line.color)\">"
                    + "<title>\(HTMLReport.escape(point.2))</title></circle>\n"
            }
        }
        return out + "</svg>\n"
    }

    /// A legend as HTML beside the chart: it wraps on a narrow screen where SVG text would not.
    static func legend(_ lines: [Line]) -> String {
        var out = "<div class=\"legend\">"
        for line in lines {
            out +=
                "<span><i style=\"background:\(line.color)\"></i>\(HTMLReport.escape(clip(line.name, 60)))</span>"
        }
        return out + "</div>\n"
    }

    static func open(title: String, id: String) -> String {
        "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" "
            + "aria-label=\"\(HTMLReport.escape(title))\">"
            + "<title>\(HTMLReport.escape(title))</title>\n"
    }

    /// The frame, grid lines and tick labels; ticks are at fractions 0...1 of each axis.
    static func axes(xTicks: [(Double, String)], yTicks: [(Double, String)], xLabel: String, yLabel: String)
        -> String
    {
        var out = ""
        for (fraction, text) in yTicks {
            let y = plotY(fraction)
            out +=
                "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(width - right))\" y2=\"\(number(y))\" "
                + "stroke=\"#e3e3e3\"/>"
            out +=
                "<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" font-size=\"11\" text-anchor=\"end\" "
                + "fill=\"#555\">\(HTMLReport.escape(text))</text>\n"
        }
        for (fraction, text) in xTicks {
            let x = plotX(fraction)
            out +=
                "<line x1=\"\(number(x))\" y1=\"\(number(height - bottom))\" x2=\"\(number(x))\" "
                + "y2=\"\(number(height - bottom + 4))\" stroke=\"#888\"/>"
            // The first and last labels lean inward, so neither is cut at the edge.
            let anchor = fraction < 0.05 ? "start" : fraction > 0.95 ? "end" : "middle"
            out +=
                "<text x=\"\(number(x))\" y=\"\(number(height - bottom + 17))\" font-size=\"11\" "
                + "text-anchor=\"\(anchor)\" fill=\"#555\">\(HTMLReport.escape(text))</text>\n"
        }
        out +=
            "<path d=\"M\(number(left)) \(number(top)) V\(number(height - bottom)) H\(number(width - right))\" "
            + "fill=\"none\" stroke=\"#888\"/>\n"
        out +=
            "<text x=\"\(number(left + (width - left - right) / 2))\" y=\"\(number(height - 8))\" font-size=\"12\" "
            + "text-anchor=\"middle\">\(HTMLReport.escape(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(14 \(number(top + (height - top - bottom) / 2))) rotate(-90)\" "
            + "font-size=\"12\" text-anchor=\"middle\">\(HTMLReport.escape(yLabel))</text>\n"
        return out
    }

    /// 0, 1/2, 1/4, 3/4, 1/8, …: the van der Corput sequence, evenly filling 0..<1 at every length.
    static func scatterOffset(_ index: Int) -> Double {
        var result = 0.0
        var denominator = 1.0
        var rest = index
        while rest > 0 {
            denominator *= 2
            result += Double(rest % 2) / denominator
            rest /= 2
        }
        return result
    }

    static func plotX(_ fraction: Double) -> Double { left + fraction * (width - left - right) }
    static func plotY(_ fraction: Double) -> Double { height - bottom - fraction * (height - top - bottom) }

    /// Round steps (1, 2 or 5 times a power of ten) from 0 to at least `maximum`, about five of them.
    static func ticks(upTo maximum: Double, integers: Bool) -> [Double] {
        let top = maximum.isFinite && maximum > 0 ? maximum : 1
        let raw = top / 5
        let power = pow(10, (log10(raw)).rounded(.down))
        var step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        if integers { step = max(1, step.rounded(.up)) }
        let count = Int((top / step).rounded(.up))
        return (0...max(count, 1)).map { Double($0) * step }
    }

    /// `12`, `0.25`, `1.5`: at most two decimals, none when whole.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (value * 100).rounded()
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int(hundredths / 100)) }
        return String(format: "%.2f", hundredths / 100)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
