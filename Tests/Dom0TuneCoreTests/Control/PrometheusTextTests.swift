import Testing
@testable import Dom0TuneCore

@Suite struct PrometheusTextTests {
    @Test func rendersHelpTypeAndSamples() {
        let text = PrometheusText.render([
            MetricFamily("a_total", .counter, help: "Things.\nMore \\ text.", samples: [.init(3)]),
            MetricFamily("b", .gauge, help: "B.", samples: [.init(0.25, labels: [("x", "1"), ("y", "q\"u\\o\nte")])]),
            MetricFamily("c", .gauge, help: "Empty.", samples: []),
        ])
        #expect(
            text == """
                # HELP a_total Things.\\nMore \\\\ text.
                # TYPE a_total counter
                a_total 3
                # HELP b B.
                # TYPE b gauge
                b{x="1",y="q\\"u\\\\o\\nte"} 0.25
                # HELP c Empty.
                # TYPE c gauge

                """)
    }

    @Test func formatsNumbersAsPrometheusDoes() {
        #expect(PrometheusText.format(512) == "512")
        #expect(PrometheusText.format(-1) == "-1")
        #expect(PrometheusText.format(0.5) == "0.5")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(1e20) == "1e+20")
    }

    @Test func validatesNames() {
        #expect(PrometheusText.isValidName("dom0tuned_dom0_weight"))
        #expect(!PrometheusText.isValidName("0abc"))
        #expect(!PrometheusText.isValidName("a-b"))
        #expect(!PrometheusText.isValidName(""))
    }
}
