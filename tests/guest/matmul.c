/*
 * matmul: dense double-precision matrix multiply (naive ijk, and blocked
 * ikj with a transposed copy), LU decomposition with partial pivoting and
 * a solve, and float SAXPY.  Compiled with -ffp-contract=off on both
 * sides, so every result is a sequence of correctly rounded + and *
 * whose bits must agree exactly.
 */
#include "fpcommon.h"

#define N 96

static double A[N][N], B[N][N], C[N][N], D[N][N], BT[N][N];

int main(void)
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = (double)(int64_t)(rng() >> 11) / 0x1p52;
			B[i][j] = (double)(int64_t)(rng() >> 11) / 0x1p51 - 1.0;
		}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < N; k++)
				s += A[i][k] * B[k][j];
			C[i][j] = s;
		}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			BT[j][i] = B[i][j];
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < N; k++)
				s += A[i][k] * BT[j][k];
			D[i][j] = s;
		}
	/* same summation order: identical bits */
	CHECK(memcmp(C, D, sizeof(C)) == 0);
	uint64_t h = 0;
	double tr = 0;
	for (int i = 0; i < N; i++) {
		tr += C[i][i];
		for (int j = 0; j < N; j++)
			h = mix64(h, dbits(C[i][j]));
	}
	printf("C hash %016llx trace %.17g C[3][5] %a\n", (unsigned long long)h, tr,
	       C[3][5]);

	/* LU with partial pivoting on A + N*I (well conditioned), solve Ax=b */
	static double M[N][N], x[N], b[N];
	int piv[N];
	for (int i = 0; i < N; i++) {
		for (int j = 0; j < N; j++)
			M[i][j] = A[i][j] + (i == j ? N : 0);
		b[i] = (double)i - N / 2;
		piv[i] = i;
	}
	for (int k = 0; k < N; k++) {
		int p = k;
		for (int i = k + 1; i < N; i++)
			if (fabs(M[i][k]) > fabs(M[p][k]))
				p = i;
		if (p != k) {
			for (int j = 0; j < N; j++) {
				double t = M[k][j];
				M[k][j] = M[p][j];
				M[p][j] = t;
			}
			int t = piv[k];
			piv[k] = piv[p];
			piv[p] = t;
		}
		for (int i = k + 1; i < N; i++) {
			M[i][k] /= M[k][k];
			for (int j = k + 1; j < N; j++)
				M[i][j] -= M[i][k] * M[k][j];
		}
	}
	for (int i = 0; i < N; i++) {
		double s = b[piv[i]];
		for (int j = 0; j < i; j++)
			s -= M[i][j] * x[j];
		x[i] = s;
	}
	for (int i = N - 1; i >= 0; i--) {
		double s = x[i];
		for (int j = i + 1; j < N; j++)
			s -= M[i][j] * x[j];
		x[i] = s / M[i][i];
	}
	double resid = 0;
	for (int i = 0; i < N; i++) {
		double s = 0;
		for (int j = 0; j < N; j++)
			s += (A[i][j] + (i == j ? N : 0)) * x[j];
		resid = fmax(resid, fabs(s - b[i]));
	}
	printf("x[0] %.17g x[N-1] %.17g residual %a\n", x[0], x[N - 1], resid);
	CHECK(resid < 1e-12);

	static float fx[10000], fy[10000];
	for (int i = 0; i < 10000; i++) {
		fx[i] = (float)i * 0.001f;
		fy[i] = 1.0f / (float)(i + 1);
	}
	for (int r = 0; r < 20; r++)
		for (int i = 0; i < 10000; i++)
			fy[i] = 0.5f * fx[i] + fy[i];
	float fs = 0;
	for (int i = 0; i < 10000; i++)
		fs += fy[i];
	printf("saxpy sum %a (%.9g)\n", (double)fs, (double)fs);
	return finish();
}
