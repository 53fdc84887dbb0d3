"""What peer figures cost a population run: the same units scored file to file by a rubric that reads peer figures
(排名, 最优值, 平均值 within a category, 中位数, 百分位: two passes) and by the same rubric with fixed targets instead
(one pass), with workers=1 and workers=2, in a fresh process per run (bench/population.py's runner).

Prints units/s, the ratio of the two rubrics, and the peak resident memory of the scoring process and of its
largest worker; runs two sizes so the memory held between the passes shows per unit. The outputs of both worker
counts must be byte-identical.

    python bench/peer_rules.py                  # 20,000 and 80,000 units, workers 1 and 2
    python bench/peer_rules.py -n 5000,20000 --workers 1
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

import perfscore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import generate, run  # the runner of bench/population.py

PEERS = """\
评价 "同类比较（基准）"
输入 执行数 金额 > 0
输入 预算数 金额 > 0
输入 用时 数量
输入 地区类别 选项 {市直, 县区}
计算 执行率 = 执行数 / 预算数
指标 A1 执行率排名 20 {
  实际 = 排名(执行率)
  扣 0.5分 每 1 超过 1
}
指标 A2 对标最优 20 {
  实际 = 执行率
  目标 最优值(实际)
  按比例
}
指标 A3 对标平均 20 {
  实际 = 执行率
  目标 ≥ 平均值(实际, 地区类别)
  按比例
}
指标 A4 对标中位数 20 {
  实际 = 执行率
  目标 ≥ 中位数(实际)
  按比例
}
指标 A5 办理时限 20 {
  实际 = 用时
  方向 越低越好
  分档 {
    当 百分位(实际) >= 80%：100%
    当 百分位(实际) >= 50%：60%
    否则：0分
  }
}
"""

#: The same rubric, every peer figure replaced by a fixed figure: the work of one pass.
FIXED = (PEERS.replace("排名(执行率)", "执行率 × 100").replace("最优值(实际)", "100%")
         .replace("平均值(实际, 地区类别)", "90%").replace("中位数(实际)", "90%")
         .replace("百分位(实际) >= 80%", "用时 <= 10").replace("百分位(实际) >= 50%", "用时 <= 20")
         .replace("扣 0.5分 每 1 超过 1", "扣 0.5分 每 1 超过 100"))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--units", default="20000,80000", help="comma-separated sizes (default 20000,80000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.units.split(",")]
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        where = Path(scratch)
        rubrics = {"peers": where / "peers.perf", "fixed": where / "fixed.perf"}
        rubrics["peers"].write_text(PEERS, "utf-8")
        rubrics["fixed"].write_text(FIXED, "utf-8")
        for size in sizes:
            units = where / f"units-{size}.csv"
            generate(perfscore.load(rubrics["peers"]), units, size)
            rates: dict[tuple[str, int], float] = {}
            for workers in counts:
                outputs = []
                for name, rubric in rubrics.items():
                    out = where / f"out-{name}-{size}-w{workers}.csv"
                    figures = run(rubric, units, out, workers)
                    if figures["status"] != 0:
                        raise SystemExit(f"perfscore score {name} exited with {figures['status']}")
                    rates[name, workers] = size / figures["seconds"]
                    print(f"{size:,} units, {name}, workers={workers}: {figures['seconds']:.1f} s, "
                          f"{rates[name, workers]:,.0f} units/s, peak RSS {figures['self_kb'] / 1024:.0f} MB "
                          f"(scoring process), {figures['children_kb'] / 1024:.0f} MB (largest worker); "
                          f"{figures['problems']} row problems")  # fmt: skip
                    if name == "peers":
                        outputs.append(out)
                print(f"  peers ÷ fixed throughput: {rates['peers', workers] / rates['fixed', workers]:.2f}")
            same = all(filecmp.cmp(where / f"out-peers-{size}-w{counts[0]}.csv", where / f"out-peers-{size}-w{w}.csv",
                                   shallow=False) for w in counts[1:])  # fmt: skip
            print("  peer outputs identical across worker counts" if same else "  PEER OUTPUTS DIFFER")
            if not same:
                raise SystemExit(1)


if __name__ == "__main__":
    main()
